package dev.cortexgateway.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The simulator's search corpus ({@code simulator/documents.json}) and a plain term-overlap
 * ranking: each query term found in a document counts once, a title hit twice. Enough to make
 * answers and citations depend on the question without pretending to be a vector search.
 */
@Component
public final class DocumentCorpus {

    /** Columns a search service over the corpus exposes; {@code chunk} is the usual name of the text column. */
    static final Set<String> COLUMNS = Set.of("doc_id", "title", "url", "text", "chunk", "category");

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "was", "what", "which", "who",
            "how", "do", "does", "for", "of", "to", "in", "on", "and", "or", "our", "we", "i", "my", "me", "can",
            "with", "about", "tell", "please", "there", "be", "it", "its", "by", "at", "from", "many", "much");

    record Document(String docId, String title, String url, String text, String category) {

        String column(String name) {
            return switch (name) {
                case "doc_id" -> docId;
                case "title" -> title;
                case "url" -> url;
                case "text", "chunk" -> text;
                case "category" -> category;
                default -> null;
            };
        }
    }

    record Hit(Document document, int score) {
    }

    private final List<Document> documents;

    public DocumentCorpus(ObjectMapper json) {
        try (InputStream in = new ClassPathResource("simulator/documents.json").getInputStream()) {
            List<Map<String, String>> raw = json.readValue(in, new TypeReference<>() { });
            this.documents = raw.stream().map(d -> new Document(d.get("doc_id"), d.get("title"), d.get("url"),
                    d.get("text"), d.get("category"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("simulator/documents.json does not load", e);
        }
    }

    List<Document> documents() {
        return documents;
    }

    /** Documents matching {@code filter}, best first; with a blank query every match scores 0 and keeps corpus order. */
    List<Hit> search(String query, Predicate<Document> filter, int limit) {
        Set<String> terms = terms(query);
        List<Hit> hits = new ArrayList<>();
        for (Document document : documents) {
            if (!filter.test(document)) {
                continue;
            }
            int score = score(terms, document);
            if (terms.isEmpty() || score > 0) {
                hits.add(new Hit(document, score));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::score).reversed());
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    private static int score(Set<String> terms, Document document) {
        Set<String> body = terms(document.text());
        Set<String> title = terms(document.title());
        int score = 0;
        for (String term : terms) {
            if (title.contains(term)) {
                score += 2;
            }
            if (body.contains(term)) {
                score += 1;
            }
        }
        return score;
    }

    static Set<String> terms(String text) {
        if (text == null) {
            return Set.of();
        }
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
                .filter(t -> t.length() > 1 && !STOP_WORDS.contains(t))
                .map(DocumentCorpus::stem)
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** Just enough stemming that "policies" finds "policy" and "limits" finds "limit". */
    private static String stem(String term) {
        if (term.endsWith("ies") && term.length() > 4) {
            return term.substring(0, term.length() - 3) + "y";
        }
        if (term.endsWith("s") && !term.endsWith("ss") && term.length() > 3) {
            return term.substring(0, term.length() - 1);
        }
        return term;
    }

    /** The requested columns of a document, in request order. */
    static Map<String, Object> project(Document document, List<String> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : columns) {
            row.put(column, document.column(column));
        }
        return row;
    }

    /** A search-service filter ({@code @eq @contains @and @or @not}) as a predicate; unknown operators are a 400. */
    static Predicate<Document> filter(JsonNode filter) {
        if (filter == null || filter.isNull() || filter.isEmpty()) {
            return d -> true;
        }
        if (!filter.isObject() || filter.size() != 1) {
            throw SnowflakeError.badRequest("filter must be an object with exactly one operator");
        }
        Map.Entry<String, JsonNode> op = filter.fields().next();
        JsonNode arg = op.getValue();
        return switch (op.getKey()) {
            case "@eq" -> columnTest(arg, (value, wanted) -> value.equals(wanted));
            case "@contains" -> columnTest(arg, (value, wanted) -> value.contains(wanted));
            case "@and" -> list(arg).stream().reduce(d -> true, Predicate::and);
            case "@or" -> list(arg).stream().reduce(d -> false, Predicate::or);
            case "@not" -> filter(arg).negate();
            default -> throw SnowflakeError.badRequest("Unsupported filter operator " + op.getKey());
        };
    }

    private static List<Predicate<Document>> list(JsonNode arg) {
        if (!arg.isArray()) {
            throw SnowflakeError.badRequest("@and and @or take an array of filters");
        }
        List<Predicate<Document>> filters = new ArrayList<>();
        arg.forEach(f -> filters.add(filter(f)));
        return filters;
    }

    private static Predicate<Document> columnTest(JsonNode arg, java.util.function.BiPredicate<String, String> test) {
        if (!arg.isObject() || arg.size() != 1) {
            throw SnowflakeError.badRequest("a filter operator takes one {column: value}");
        }
        Map.Entry<String, JsonNode> entry = arg.fields().next();
        String column = entry.getKey().toLowerCase(Locale.ROOT);
        if (!COLUMNS.contains(column)) {
            throw SnowflakeError.badRequest("Unknown filter column " + entry.getKey());
        }
        String wanted = entry.getValue().asText();
        return d -> {
            String value = d.column(column);
            return value != null && test.test(value, wanted);
        };
    }
}
