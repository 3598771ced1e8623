package dev.cortexgateway.cortex;

import dev.cortexgateway.config.CortexProperties;
import dev.cortexgateway.config.CortexProperties.Agent;
import dev.cortexgateway.config.CortexProperties.Auth;
import dev.cortexgateway.config.CortexProperties.AuthType;
import dev.cortexgateway.config.CortexProperties.Mode;
import dev.cortexgateway.config.CortexProperties.Tools;
import java.net.URI;
import java.time.Duration;

/** Cortex settings for tests, changed one component at a time. */
final class TestSettings {

    static final Tools NO_TOOLS = new Tools(null, null, null, null);
    static final Auth PAT = new Auth(AuthType.PAT, "local-simulator-token", null, null, null);

    private TestSettings() {
    }

    static CortexProperties inline(URI base, Tools tools) {
        return new CortexProperties(base, Duration.ofSeconds(5), Duration.ofSeconds(30), null, null,
                new Agent(Mode.INLINE, null, null, null, "claude-4-sonnet", false, tools), PAT);
    }

    static CortexProperties withAgent(CortexProperties p, Agent agent) {
        return new CortexProperties(p.baseUrl(), p.connectTimeout(), p.inactivityTimeout(), p.role(), p.warehouse(), agent, p.auth());
    }

    static CortexProperties withAuth(CortexProperties p, Auth auth) {
        return new CortexProperties(p.baseUrl(), p.connectTimeout(), p.inactivityTimeout(), p.role(), p.warehouse(), p.agent(), auth);
    }

    static CortexProperties withContext(CortexProperties p, String role, String warehouse) {
        return new CortexProperties(p.baseUrl(), p.connectTimeout(), p.inactivityTimeout(), role, warehouse, p.agent(), p.auth());
    }

    static CortexProperties withInactivity(CortexProperties p, Duration inactivity) {
        return new CortexProperties(p.baseUrl(), p.connectTimeout(), inactivity, p.role(), p.warehouse(), p.agent(), p.auth());
    }
}
