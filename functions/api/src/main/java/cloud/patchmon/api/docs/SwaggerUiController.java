package cloud.patchmon.api.docs;

import cloud.patchmon.api.security.SignedIn;
import cloud.patchmon.core.errors.DomainException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * Swagger UI at {@code /api/v1/api-docs} (chapter "Interactive API Reference"): a page that loads
 * {@link ApiDocsResource#DOCUMENT} with the browser's session cookie, and the UI's files from the
 * swagger-ui webjar. Signed-in users only, the page and its files alike.
 */
@RestController
public class SwaggerUiController {

    /** The webjar files the page uses, and their types; nothing else of the jar is served. */
    private static final Map<String, MediaType> ASSETS = Map.of(
            "swagger-ui.css", MediaType.valueOf("text/css"),
            "swagger-ui-bundle.js", MediaType.valueOf("text/javascript"),
            "swagger-ui-standalone-preset.js", MediaType.valueOf("text/javascript"),
            "favicon-32x32.png", MediaType.IMAGE_PNG);

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>PatchMon API reference</title>
              <link rel="stylesheet" href="/api/v1/api-docs/swagger-ui/swagger-ui.css">
              <link rel="icon" type="image/png" href="/api/v1/api-docs/swagger-ui/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/api/v1/api-docs/swagger-ui/swagger-ui-bundle.js"></script>
              <script src="/api/v1/api-docs/swagger-ui/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "%s",
                  dom_id: "#swagger-ui",
                  withCredentials: true,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout"
                });
              </script>
            </body>
            </html>
            """.formatted(ApiDocsResource.DOCUMENT);

    private final WebJarVersionLocator webjars = new WebJarVersionLocator();

    @GetMapping(value = "/api/v1/api-docs", produces = MediaType.TEXT_HTML_VALUE)
    @SignedIn
    public ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(PAGE);
    }

    @GetMapping("/api/v1/api-docs/swagger-ui/{file}")
    @SignedIn
    public ResponseEntity<byte[]> asset(@PathVariable String file) {
        MediaType type = ASSETS.get(file);
        String path = type == null ? null : webjars.fullPath("swagger-ui", file);
        if (path == null) {
            throw DomainException.notFound("Route not found");
        }
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                    .body(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
