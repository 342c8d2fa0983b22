package cloud.patchmon.core.repositories;

/** One host's use of a fleet repository: the membership item "hosts per repository" is one query over. */
public record RepositoryLink(String repositoryId, String hostId, boolean enabled) {
}
