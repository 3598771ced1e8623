package dev.cortexgateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.XmlNameProcessors;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The XML form of a JSON answer, for {@code Accept: application/xml}: a {@code <response>} root, one
 * element per key, an array as its key's element holding one {@code <item>} per element (so nested
 * and empty arrays keep their shape), null as {@code xsi:nil="true"}. A key that is not an XML name
 * ({@code $schema}, a column named {@code 1st}) is written {@code base64_tag_<base64 of the key>}, so
 * no key is lost. XML has no types: numbers and booleans are their JSON text.
 */
@Component
public final class XmlAnswers {

    static final String ROOT = "response";
    static final String ITEM = "item";

    private final ObjectMapper json;
    private final XmlMapper xml;

    public XmlAnswers(ObjectMapper json) {
        this.json = json;
        this.xml = XmlMapper.builder()
                .enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION)
                .enable(ToXmlGenerator.Feature.WRITE_NULLS_AS_XSI_NIL)
                .build();
        this.xml.getFactory().setXmlNameProcessor(XmlNameProcessors.newBase64Processor());
    }

    /** The XML of a JSON document (UTF-8 both ways). */
    public byte[] fromJson(byte[] jsonBody) throws IOException {
        return xml.writer().withRootName(ROOT).writeValueAsBytes(itemized(json.readTree(jsonBody)));
    }

    /** Jackson writes an array as repeated elements of its key, which flattens nested arrays: wrap each in items. */
    static JsonNode itemized(JsonNode node) {
        if (node.isArray()) {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            ArrayNode items = wrapper.putArray(ITEM);
            node.forEach(element -> items.add(itemized(element)));
            return wrapper;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), itemized(field.getValue()));
            }
            return copy;
        }
        return node;
    }
}
