package dev.cortexgateway.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A second, deliberately simple reading of SQL text: where strings, quoted names and comments are,
 * and so where the statement separators, function calls and named parameters are. {@link SqlGuard}
 * trusts a statement only when JSqlParser and this reading agree, because the danger in a parser
 * front of a database is a difference of lexing (a {@code \'} inside a string, a nested comment):
 * text that one side sees as a string or a comment and the other as a second statement. Where the
 * databases differ, this class takes the reading that finds more statements: block comments do not
 * nest, {@code #}, {@code //} and backticks are not special, a line comment ends at any line break, and a
 * backslash escapes only in Snowflake's strings.
 */
final class SqlText {

    enum Type { WORD, QUOTED_NAME, STRING, NUMBER, NAMED_PARAMETER, SEMICOLON, SYMBOL }

    /** A significant piece of the text; {@code value} is the name for words, quoted names and parameters. */
    record Token(Type type, int start, int end, String value) {

        boolean is(char symbol) {
            return type == Type.SYMBOL && value.length() == 1 && value.charAt(0) == symbol;
        }
    }

    private final List<Token> tokens;
    private final boolean unterminated;

    private SqlText(List<Token> tokens, boolean unterminated) {
        this.tokens = List.copyOf(tokens);
        this.unterminated = unterminated;
    }

    static SqlText read(String sql, SqlDialect dialect) {
        return new Lexer(sql, dialect == SqlDialect.SNOWFLAKE).run();
    }

    List<Token> tokens() {
        return tokens;
    }

    /** True when a string, quoted name or block comment is not closed: the text cannot be trusted. */
    boolean unterminated() {
        return unterminated;
    }

    /** Non-empty statements between semicolons outside strings and comments. */
    int statementCount() {
        int count = 0;
        boolean inStatement = false;
        for (Token token : tokens) {
            if (token.type() == Type.SEMICOLON) {
                inStatement = false;
            } else if (!inStatement) {
                inStatement = true;
                count++;
            }
        }
        return count;
    }

    /** Where the statement starts when leading semicolons, comments and blanks are dropped. */
    int start() {
        return tokens.stream().filter(t -> t.type() != Type.SEMICOLON).findFirst().map(Token::start).orElse(0);
    }

    /** Where the statement ends when trailing semicolons, comments and blanks are dropped. */
    int end() {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (tokens.get(i).type() != Type.SEMICOLON) {
                return tokens.get(i).end();
            }
        }
        return 0;
    }

    /** The first word, upper-cased, or "" when the text does not start with one. */
    String firstWord() {
        return !tokens.isEmpty() && tokens.get(0).type() == Type.WORD ? tokens.get(0).value().toUpperCase(Locale.ROOT) : "";
    }

    /** Every name directly followed by an opening parenthesis, the last part of a dotted name. */
    List<String> calledNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if ((token.type() == Type.WORD || token.type() == Type.QUOTED_NAME) && tokens.get(i + 1).is('(')) {
                names.add(token.value());
            }
        }
        return names;
    }

    List<Token> namedParameters() {
        return tokens.stream().filter(t -> t.type() == Type.NAMED_PARAMETER).toList();
    }

    private static final class Lexer {

        private final String sql;
        private final boolean backslashEscapes;
        private final List<Token> tokens = new ArrayList<>();
        private boolean unterminated;
        private int pos;

        Lexer(String sql, boolean backslashEscapes) {
            this.sql = sql;
            this.backslashEscapes = backslashEscapes;
        }

        SqlText run() {
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                int start = pos;
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && peek(1) == '-') {
                    skipLine();
                } else if (c == '/' && peek(1) == '*') {
                    int close = sql.indexOf("*/", pos + 2);
                    unterminated |= close < 0;
                    pos = close < 0 ? sql.length() : close + 2;
                } else if (c == '\'') {
                    quoted('\'', backslashEscapes);
                    tokens.add(new Token(Type.STRING, start, pos, null));
                } else if (c == '"') {
                    quoted('"', false);
                    String name = sql.substring(start + 1, Math.max(start + 1, pos - 1)).replace("\"\"", "\"");
                    tokens.add(new Token(Type.QUOTED_NAME, start, pos, name));
                } else if (c == '$' && peek(1) == '$' && !wordPart(before(start))) {
                    int close = sql.indexOf("$$", pos + 2);
                    unterminated |= close < 0;
                    pos = close < 0 ? sql.length() : close + 2;
                    tokens.add(new Token(Type.STRING, start, pos, null));
                } else if (c == ';') {
                    pos++;
                    tokens.add(new Token(Type.SEMICOLON, start, pos, ";"));
                } else if (c == ':' && wordStart(peek(1)) && before(start) != ':') {
                    pos++;
                    word();
                    tokens.add(new Token(Type.NAMED_PARAMETER, start, pos, sql.substring(start + 1, pos)));
                } else if (wordStart(c)) {
                    word();
                    tokens.add(new Token(Type.WORD, start, pos, sql.substring(start, pos)));
                } else if (Character.isDigit(c)) {
                    while (pos < sql.length() && (wordPart(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                        pos++;
                    }
                    tokens.add(new Token(Type.NUMBER, start, pos, null));
                } else {
                    pos++;
                    tokens.add(new Token(Type.SYMBOL, start, pos, String.valueOf(c)));
                }
            }
            return new SqlText(tokens, unterminated);
        }

        private void quoted(char quote, boolean escapes) {
            pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos);
                if (escapes && c == '\\') {
                    pos += 2;
                } else if (c == quote && peek(1) == quote) {
                    pos += 2;
                } else if (c == quote) {
                    pos++;
                    return;
                } else {
                    pos++;
                }
            }
            pos = sql.length();
            unterminated = true;
        }

        private void skipLine() {
            while (pos < sql.length() && !lineBreak(sql.charAt(pos))) {
                pos++;
            }
        }

        private void word() {
            while (pos < sql.length() && wordPart(sql.charAt(pos))) {
                pos++;
            }
        }

        private char peek(int ahead) {
            return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
        }

        private char before(int index) {
            return index > 0 ? sql.charAt(index - 1) : '\0';
        }

        private static boolean lineBreak(char c) {
            return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
        }

        private static boolean wordStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean wordPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
