package dev.recipe.data.fetch;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.spec.DataSpec.RawFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base URL: tries {@code <base>/<name>.gz}, then {@code <base>/<name>}, downloading into the
 * cache ({@code <cache>/http/<hash of base>/}). Short connect timeout, so a machine without
 * internet fails fast with a clear reason instead of hanging.
 */
public final class HttpFetcher implements SourceFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);

  private final String base;
  private final Path cacheDir;
  private final HttpClient client;
  private final Duration requestTimeout;
  private String lastFailure = "";

  public HttpFetcher(String baseUrl, Path cacheRoot, Duration connectTimeout, Duration requestTimeout) {
    this.base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    this.cacheDir = cacheRoot.resolve("http").resolve(Hashing.sha256(base).substring(0, 16));
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Optional<Found> find(RawFile file) {
    StringBuilder why = new StringBuilder();
    for (String name : new String[] {file.name() + ".gz", file.name()}) {
      Path cached = cacheDir.resolve(name);
      String url = base + name;
      if (Files.isRegularFile(cached)) {
        LOG.info("{}: using the cached download {}", url, cached);
        return Optional.of(new Found(cached, "url:" + url));
      }
      try {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = resp.body()) {
          if (resp.statusCode() != 200) {
            why.append(url).append(": HTTP ").append(resp.statusCode()).append("; ");
            continue;
          }
          LOG.info("downloading {}", url);
          AtomicFiles.write(cached, body::transferTo);
        }
        return Optional.of(new Found(cached, "url:" + url));
      } catch (IOException | RuntimeException e) {
        why.append(url).append(": ").append(e.getClass().getSimpleName())
            .append(e.getMessage() == null ? "" : " " + e.getMessage()).append("; ");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        why.append(url).append(": interrupted; ");
        break;
      }
    }
    lastFailure = why.toString().replaceAll("; $", "");
    return Optional.empty();
  }

  @Override
  public String lastFailure() {
    return lastFailure;
  }

  @Override
  public String describe() {
    return "url:" + base;
  }
}
