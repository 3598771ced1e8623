package dev.cortexgateway.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Swaps Tomcat's HTML error report for {@link EnvelopeErrorReportValve}, so even the errors Tomcat
 * answers before the application sees the request carry the one envelope, and lets TRACE reach the
 * application, which refuses it like any other unsupported method. Ordered after Spring
 * Boot's own customizer, which installs the valve being replaced.
 */
@Component
final class TomcatErrorPageConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Tomcat answers TRACE itself by default (an empty 405 before any filter: no envelope, no
        // trace id); let it through to Spring MVC, which refuses it with the envelope (application.yaml,
        // spring.mvc.dispatch-trace-request)
        factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof Host host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof EnvelopeErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof StandardHost standard) {
                    // what Tomcat would add on its own if the pipeline had no error report valve
                    standard.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
                }
                host.getPipeline().addValve(new EnvelopeErrorReportValve());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
