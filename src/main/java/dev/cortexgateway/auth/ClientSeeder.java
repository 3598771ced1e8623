package dev.cortexgateway.auth;

import dev.cortexgateway.config.InvalidSettingException;
import dev.cortexgateway.store.ClientStore;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Applies {@code gateway.clients.seed} to the client registry before the routes take traffic. */
@Component
public final class ClientSeeder implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSeeder.class);
    /** A whole value of the form ${NAME}: a placeholder Spring could not resolve (never a real secret). */
    private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_.\\-]*}");

    private final ClientSeedProperties properties;
    private final ClientStore clients;
    private final ClientSecrets secrets;

    public ClientSeeder(ClientSeedProperties properties, ClientStore clients, ClientSecrets secrets) {
        this.properties = properties;
        this.clients = clients;
        this.secrets = secrets;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<String> seen = new HashSet<>();
        for (ClientSeedProperties.Seed seed : properties.seed()) {
            if (!seen.add(seed.id())) {
                throw new InvalidSettingException("gateway.clients.seed", "client '" + seed.id() + "' is listed twice",
                        "List each client once.");
            }
            if (seed.minClientVersion() != null && ClientVersion.parse(seed.minClientVersion()).isEmpty()) {
                throw new InvalidSettingException("gateway.clients.seed[" + seed.id() + "].min-client-version",
                        "'" + seed.minClientVersion() + "' is not a version", "Use MAJOR.MINOR.PATCH, e.g. 1.0.0.");
            }
            clients.save(new ClientStore.NewClient(seed.id(), seed.kind(), secretHash(seed), Set.copyOf(seed.scopes()),
                    seed.minClientVersion(), seed.enabled(), allowedOrigins(seed), previousSecretHash(seed)));
        }
        if (!properties.seed().isEmpty()) {
            LOG.info("Seeded {} client(s) into the registry", properties.seed().size());
        }
    }

    private static Set<String> allowedOrigins(ClientSeedProperties.Seed seed) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : seed.allowedOrigins()) {
            try {
                origins.add(AllowedOrigins.canonical(origin));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("gateway.clients.seed[" + seed.id() + "].allowed-origins", e.getMessage(),
                        "List exact browser origins such as http://localhost:5173 or https://chat.example.com.");
            }
        }
        return origins;
    }

    /** The hash of a rotation's previous secret; none (null) when unset or blank, as an empty variable gives. */
    private String previousSecretHash(ClientSeedProperties.Seed seed) {
        String previous = seed.previousSecret();
        if (previous == null || previous.isBlank()) {
            return null;
        }
        if (seed.kind() == ClientStore.Kind.PUBLIC) {
            throw new InvalidSettingException("gateway.clients.seed[" + seed.id() + "].previous-secret",
                    "a public client has no secret", "Remove previous-secret from this client.");
        }
        return secrets.hash(previous);
    }

    private String secretHash(ClientSeedProperties.Seed seed) {
        if (seed.kind() == ClientStore.Kind.PUBLIC) {
            return null;
        }
        String secret = seed.secret();
        if (secret == null || secret.isBlank()) {
            if (!seed.generateSecretIfMissing()) {
                throw new InvalidSettingException("gateway.clients.seed[" + seed.id() + "].secret",
                        "a confidential client needs a secret", "Set the client's secret, e.g. from an environment variable.");
            }
            secret = ClientSecrets.generate();
            // deliberately outside the logging system: shown once on the console of the local profile
            System.out.println("Generated secret for client '" + seed.id() + "' (its secret is not configured; "
                    + "this is shown once): " + secret);
        }
        if (UNRESOLVED_PLACEHOLDER.matcher(secret).matches()) {
            // Spring leaves a placeholder whose variable is unset as literal text: the "secret" would be
            // the placeholder itself, which anyone who read the manifests knows
            throw new InvalidSettingException("gateway.clients.seed[" + seed.id() + "].secret",
                    "is the unresolved placeholder " + secret + ": its environment variable is not set",
                    "Set the variable (in Kubernetes: the key in the gateway's Secret, deploy/k8s/secret.template.yaml).");
        }
        return secrets.hash(secret);
    }
}
