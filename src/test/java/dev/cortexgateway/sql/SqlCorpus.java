package dev.cortexgateway.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The statement files under {@code src/test/resources/sql}; their header comments describe the format. */
record SqlCorpus(int line, String sql, SqlDialect onlyFor) {

    static final String FORBIDDEN = "sql/forbidden-statements.txt";
    static final String ALLOWED = "sql/allowed-statements.txt";

    static List<SqlCorpus> read(String resource) {
        try (InputStream in = SqlCorpus.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            List<SqlCorpus> entries = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String text = lines[i].strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                SqlDialect onlyFor = null;
                for (SqlDialect dialect : SqlDialect.values()) {
                    String marker = "[" + dialect.name().toLowerCase() + "] ";
                    if (text.startsWith(marker)) {
                        onlyFor = dialect;
                        text = text.substring(marker.length());
                    }
                }
                entries.add(new SqlCorpus(i + 1, text.replace("\\n", "\n").replace("\\r", "\r"), onlyFor));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean appliesTo(SqlDialect dialect) {
        return onlyFor == null || onlyFor == dialect;
    }

    @Override
    public String toString() {
        return "line " + line + ": " + sql.replace("\n", "\\n").replace("\r", "\\r");
    }
}
