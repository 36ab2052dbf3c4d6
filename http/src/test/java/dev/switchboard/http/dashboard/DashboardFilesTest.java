package dev.switchboard.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks of the dashboard's files that need no browser: it works offline (nothing is loaded from
 * another host), every module import and page reference resolves, every element a script looks
 * up by id exists on its page, and the server serves the files with types a browser accepts.
 */
class DashboardFilesTest {
    private static final Path ROOT = root();
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\\s\"'`)]*");
    /** XML namespace names look like URLs but are never fetched. */
    private static final Pattern NAMESPACE = Pattern.compile("(?i)https?://www\\.w3\\.org/\\S*");

    private static final Pattern IMPORT =
            Pattern.compile("(?m)^\\s*import\\s+[^;]*?from\\s+'([^']+)'|import\\('([^']+)'\\)");
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?i)(?:src|href)=\"([^\"#:]+)\"");
    private static final Pattern ID_LOOKUP = Pattern.compile("\\$\\('#([A-Za-z][\\w-]*)'\\)");
    private static final Pattern ID_ATTRIBUTE = Pattern.compile("\\bid=\"([^\"]+)\"");

    private static Path root() {
        try {
            return Path.of(DashboardFilesTest.class
                            .getResource("/dashboard/index.html")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("the dashboard is not on the test classpath", e);
        }
    }

    private static List<Path> files() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void nothingIsLoadedFromAnotherHost() {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            String text = NAMESPACE.matcher(read(file)).replaceAll("");
            Matcher m = ABSOLUTE_URL.matcher(text);
            while (m.find()) {
                found.add(ROOT.relativize(file) + ": " + m.group());
            }
        }
        assertThat(found)
                .as("absolute URLs in the dashboard (it must work offline)")
                .isEmpty();
    }

    @Test
    void everyImportAndPageReferenceResolves() {
        List<String> missing = new ArrayList<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            Pattern pattern = name.endsWith(".js") ? IMPORT : name.endsWith(".html") ? PAGE_REFERENCE : null;
            if (pattern == null) {
                continue;
            }
            Matcher m = pattern.matcher(read(file));
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                Path target =
                        file.getParent().resolve(ref.replaceAll("\\?.*$", "")).normalize();
                boolean directory = ref.equals("./") && Files.exists(target.resolve("index.html"));
                if (!directory && !Files.isRegularFile(target)) {
                    missing.add(ROOT.relativize(file) + " -> " + ref);
                }
            }
        }
        assertThat(missing).as("references to files that do not exist").isEmpty();
    }

    @Test
    void everyElementAScriptLooksUpExistsOnItsPage() {
        for (String page : List.of("index.html", "agent.html")) {
            String html = read(ROOT.resolve(page));
            Set<String> ids = new TreeSet<>();
            Matcher idm = ID_ATTRIBUTE.matcher(html);
            while (idm.find()) {
                ids.add(idm.group(1));
            }
            Matcher entry =
                    Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"").matcher(html);
            assertThat(entry.find()).as(page + " loads a module").isTrue();
            Set<String> wanted = new TreeSet<>();
            for (Path module : moduleGraph(ROOT.resolve(entry.group(1)))) {
                Matcher m = ID_LOOKUP.matcher(read(module));
                while (m.find()) {
                    wanted.add(m.group(1));
                }
            }
            wanted.removeAll(ids);
            // Shared modules look up elements of both pages only where both pages have them.
            assertThat(wanted)
                    .as("ids looked up by the scripts of " + page + " but missing from it")
                    .isEmpty();
        }
    }

    private static Set<Path> moduleGraph(Path entry) {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(entry.normalize()));
        while (!todo.isEmpty()) {
            Path p = todo.pop();
            if (!seen.add(p)) {
                continue;
            }
            Matcher m = IMPORT.matcher(read(p));
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                todo.push(p.getParent().resolve(ref).normalize());
            }
        }
        return seen;
    }

    @Test
    void theServerServesThePagesWithTypesABrowserAccepts() throws Exception {
        try (DashboardServer server = new DashboardServer()) {
            HttpClient client = HttpClient.newHttpClient();
            record Expect(String path, String type) {}
            for (Expect e : List.of(
                    new Expect("/", "text/html"),
                    new Expect("/agent.html", "text/html"),
                    new Expect("/js/console.js", "javascript"),
                    new Expect("/js/agent-view.js", "javascript"),
                    new Expect("/css/console.css", "text/css"),
                    new Expect("/favicon.svg", "image/svg+xml"))) {
                HttpResponse<String> res = client.send(
                        HttpRequest.newBuilder(URI.create(server.url(e.path()))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(e.path()).isEqualTo(200);
                assertThat(res.headers().firstValue("Content-Type").orElse(""))
                        .as(e.path())
                        .contains(e.type());
            }
        }
    }
}
