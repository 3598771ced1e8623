package dev.cortexgateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortexgateway.contract.ResponseMediaTypes;
import dev.cortexgateway.error.ErrorCode;
import dev.cortexgateway.error.ErrorEnvelope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Content negotiation for {@code /api/v1/*} (docs/decisions/0022-content-negotiation.md), before any
 * route runs:
 * <ul>
 *   <li>{@code Accept-Version}: absent or {@code v1}, else 406 UNSUPPORTED_VERSION; every answer says
 *       the version it speaks in {@code API-Version: v1};</li>
 *   <li>{@code Accept}: the operation's answer types come from the contract ({@link ResponseMediaTypes});
 *       none acceptable is 406 NOT_ACCEPTABLE, an unreadable header 400 INVALID_REQUEST;</li>
 *   <li>where the contract offers {@code application/xml} and it wins, the JSON answer (error
 *       envelopes included) is buffered and written as XML ({@link XmlAnswers}); {@code Vary: Accept}.</li>
 * </ul>
 * Routes answer asynchronously, so the XML is written when the async dispatch ends (as Spring's
 * ShallowEtagHeaderFilter does). Paths no operation serves pass through to their 404 or 405.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 9)
public final class ContentNegotiationFilter extends OncePerRequestFilter {

    public static final String VERSION_HEADER = "API-Version";
    public static final String ACCEPT_VERSION_HEADER = "Accept-Version";
    static final String VERSION = "v1";
    static final MediaType XML = MediaType.APPLICATION_XML;

    private final ResponseMediaTypes contract;
    private final XmlAnswers xml;
    private final ObjectMapper json;
    private final RegistryCors cors;
    private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

    public ContentNegotiationFilter(ResponseMediaTypes contract, XmlAnswers xml, ObjectMapper json, RegistryCors cors) {
        this.contract = contract;
        this.xml = xml;
        this.json = json;
        this.cors = cors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // a CORS preflight negotiates nothing
        return !request.getRequestURI().startsWith("/api/v1/") || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // the route's answer is complete only when its async dispatch ends
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            chain.doFilter(request, response);
            finishXml(request, response);
            return;
        }
        Optional<List<MediaType>> offered = contract.of(request.getMethod(), request.getRequestURI());
        if (offered.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(VERSION_HEADER, VERSION);
        boolean offersXml = offered.get().contains(XML);
        if (offersXml) {
            response.addHeader("Vary", "Accept");
        }
        Optional<MediaType> chosen;
        try {
            chosen = AcceptHeader.choose(request.getHeader("Accept"), offered.get());
        } catch (InvalidMediaTypeException unreadable) {
            reject(request, response, false, ErrorEnvelope.of(ErrorCode.INVALID_REQUEST.name(), false,
                    "The Accept header is not a list of media types",
                    "Send e.g. Accept: application/json, or no Accept header", Map.of("header", "Accept"),
                    TraceIds.of(request)));
            return;
        }
        boolean asXml = chosen.isPresent() && chosen.get().equals(XML);
        String version = request.getHeader(ACCEPT_VERSION_HEADER);
        if (version != null && !VERSION.equals(version.trim().toLowerCase(Locale.ROOT))) {
            reject(request, response, asXml, ErrorEnvelope.of(ErrorCode.UNSUPPORTED_VERSION.name(), false,
                    "This gateway does not speak the API version the Accept-Version header asks for",
                    "Send Accept-Version: v1, or no Accept-Version header",
                    Map.of("supportedVersions", List.of(VERSION)), TraceIds.of(request)));
            return;
        }
        if (chosen.isEmpty()) {
            reject(request, response, false, ErrorEnvelope.of(ErrorCode.NOT_ACCEPTABLE.name(), false,
                    "This endpoint cannot answer in any media type the Accept header allows",
                    "Accept one of details.available (or send no Accept header)",
                    Map.of("available", offered.get().stream().map(MediaType::toString).toList()), TraceIds.of(request)));
            return;
        }
        if (!asXml) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, buffered);
        finishXml(request, buffered);
    }

    /** Writes the buffered JSON answer as XML, once the route has answered (not while it runs async). */
    private void finishXml(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ContentCachingResponseWrapper buffered = WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        if (buffered == null || isAsyncStarted(request)) {
            return;
        }
        String type = buffered.getContentType();
        byte[] body = buffered.getContentAsByteArray();
        if (type != null && body.length > 0 && MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)) {
            try {
                byte[] asXml = xml.fromJson(body);
                buffered.resetBuffer();
                buffered.setContentType(MediaType.APPLICATION_XML_VALUE + ";charset=UTF-8");
                buffered.getOutputStream().write(asXml);
            } catch (JsonProcessingException notJson) {
                // never expected (routes write JSON they built); the answer then goes out as it was
                logger.warn("An answer labelled JSON could not be read as JSON; sent without conversion to XML");
            }
        }
        buffered.copyBodyToResponse();
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, boolean asXml, ErrorEnvelope envelope)
            throws IOException {
        // answered before Spring's CORS handling runs: a page on an allowed origin must still read the envelope
        CorsConfiguration allowed = cors.getCorsConfiguration(request);
        if (allowed != null && allowed.checkOrigin(request.getHeader(HttpHeaders.ORIGIN)) != null) {
            corsProcessor.processRequest(allowed, request, response);
        }
        response.setStatus(envelope.httpStatus());
        byte[] body = json.writeValueAsBytes(envelope);
        response.setContentType(asXml ? MediaType.APPLICATION_XML_VALUE + ";charset=UTF-8" : MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(asXml ? xml.fromJson(body) : body);
        response.flushBuffer();
    }
}
