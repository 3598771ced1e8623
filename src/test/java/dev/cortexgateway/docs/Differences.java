package dev.cortexgateway.docs;

/** Where two versions of a generated file first differ, for a failure message that fits on a line. */
final class Differences {

    private Differences() {
    }

    static String first(String committed, String generated) {
        String[] a = committed.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of file>";
            if (!left.equals(right)) {
                return "first difference at line " + (i + 1) + ": committed `" + left.strip() + "`, generated `" + right.strip() + "`";
            }
        }
        return "no difference";
    }
}
