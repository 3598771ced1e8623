package dev.cortexgateway.web;

import java.util.List;
import java.util.Optional;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Proactive negotiation on {@code Accept} (RFC 9110 12.5.1): each type the operation offers gets the
 * quality of the most specific media range that matches it ({@code application/json} over
 * {@code application/*} over {@code *}{@code /*}); the offer with the highest quality above 0 wins, and on a tie
 * the operation's order decides (JSON first). No {@code Accept} is {@code *}{@code /*}.
 */
final class AcceptHeader {

    private AcceptHeader() {
    }

    /**
     * @return the type to answer in; empty when the header rules out every offer
     * @throws InvalidMediaTypeException when the header is not a list of media ranges
     */
    static Optional<MediaType> choose(String accept, List<MediaType> offered) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(offered.get(0));
        }
        List<MediaType> ranges = MediaType.parseMediaTypes(accept);
        MediaType best = null;
        double bestQuality = 0;
        for (MediaType offer : offered) {
            double quality = quality(offer, ranges);
            if (quality > bestQuality) {
                best = offer;
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The quality the most specific matching range gives the offer; 0 when none matches. */
    private static double quality(MediaType offer, List<MediaType> ranges) {
        int bestSpecificity = -1;
        double quality = 0;
        for (MediaType range : ranges) {
            if (!range.includes(offer)) {
                continue;
            }
            int specificity = range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                quality = range.getQualityValue();
            }
        }
        return quality;
    }
}
