package dev.cortexgateway.jwt;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token settings.
 *
 * @param secret            HS256 signing secret ({@code PROXY_JWT_SECRET}), at least 32 bytes
 * @param keyId             {@code kid} written into new tokens
 * @param previousKeys      other keys accepted for verification only (key rotation): the next key
 *                          announced before the switch, the old one after it until its tokens expire
 *                          (docs/runbooks/secret-rotation.md)
 * @param generateIfMissing only for the local profile: make up a random secret when none is set
 * @param issuer            {@code iss} written into new tokens and required of presented ones
 * @param audience          {@code aud} written into new tokens and required of presented ones
 * @param sessionTokenTtl   lifetime of public clients' session tokens
 * @param accessTokenTtl    lifetime of confidential clients' access tokens
 * @param clockSkew         tolerance on exp/nbf/iat for clocks that drift
 */
@Validated
@ConfigurationProperties("gateway.jwt")
public record JwtProperties(
        String secret,
        @DefaultValue("k1") @NotBlank String keyId,
        @DefaultValue List<@Valid VerificationKey> previousKeys,
        @DefaultValue("false") boolean generateIfMissing,
        @DefaultValue("cortex-gateway") @NotBlank String issuer,
        @DefaultValue("cortex-gateway-api") @NotBlank String audience,
        @DefaultValue("300s") Duration sessionTokenTtl,
        @DefaultValue("900s") Duration accessTokenTtl,
        @DefaultValue("30s") Duration clockSkew) {

    /** An earlier signing key, kept for verification only. */
    public record VerificationKey(@NotBlank String kid, @NotBlank String secret) {
    }
}
