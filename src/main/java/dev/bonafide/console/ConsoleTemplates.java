package dev.bonafide.console;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's Qute engine: templates from {@code templates/} on the class path, each an HTML
 * template, so every value a page shows is HTML-escaped (nothing is written raw); rendering fails
 * on a name a template does not know rather than printing a placeholder. Templates are parsed once
 * and kept.
 */
@ApplicationScoped
public class ConsoleTemplates {

    private static final Variant HTML = new Variant(Locale.ROOT, StandardCharsets.UTF_8, Variant.TEXT_HTML);

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(ConsoleTemplates::locate)
            .removeStandaloneLines(true)
            .strictRendering(true)
            .build();

    /** A template by its path under {@code templates/}, such as {@code console/rules.html}. */
    public Template get(String name) {
        Template template = engine.getTemplate(name);
        if (template == null) {
            throw new IllegalStateException("The console's template " + name + " is missing from the build");
        }
        return template;
    }

    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        String path = "templates/" + (id.endsWith(".html") ? id : id + ".html");
        URL url = ConsoleTemplates.class.getClassLoader().getResource(path);
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(new TemplateLocator.TemplateLocation() {
            @Override
            public Reader read() {
                try {
                    return new InputStreamReader(url.openStream(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(HTML);
            }
        });
    }
}
