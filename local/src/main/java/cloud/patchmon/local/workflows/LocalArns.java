package cloud.patchmon.local.workflows;

/** The ARNs local executions carry, shaped like Step Functions' so code that parses them works alike. */
final class LocalArns {

    static final String PREFIX = "arn:aws:states:local:000000000000:";
    static final String ROLE = "arn:aws:iam::000000000000:role/patchmon-local-workflows";

    private LocalArns() {
    }

    static String execution(String stateMachine, String name) {
        return PREFIX + "execution:" + stateMachine + ":" + name;
    }

    static String stateMachine(String name) {
        return PREFIX + "stateMachine:" + name;
    }
}
