package dev.cortexgateway.auth;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's {@code X-Client-Version}: {@code MAJOR[.MINOR[.PATCH]][-prerelease]}, compared the way
 * semantic versioning orders releases (a pre-release sorts before its release).
 */
public record ClientVersion(int major, int minor, int patch, String preRelease) implements Comparable<ClientVersion> {

    private static final Pattern FORM =
            Pattern.compile("^(\\d{1,6})(?:\\.(\\d{1,6}))?(?:\\.(\\d{1,6}))?(?:-([0-9A-Za-z.-]{1,32}))?$");

    public static Optional<ClientVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ClientVersion(Integer.parseInt(m.group(1)), number(m.group(2)), number(m.group(3)), m.group(4)));
    }

    private static int number(String part) {
        return part == null ? 0 : Integer.parseInt(part);
    }

    @Override
    public int compareTo(ClientVersion other) {
        int byNumbers = major != other.major ? Integer.compare(major, other.major)
                : minor != other.minor ? Integer.compare(minor, other.minor)
                : Integer.compare(patch, other.patch);
        if (byNumbers != 0) {
            return byNumbers;
        }
        if (preRelease == null || other.preRelease == null) {
            return preRelease == null ? (other.preRelease == null ? 0 : 1) : -1;
        }
        return preRelease.compareTo(other.preRelease);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
    }
}
