package cloud.patchmon.agent.packages;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads zypper's {@code --xmlout} stream with the JDK parser, refusing DOCTYPEs and external
 * entities: the document is produced from repository metadata, which the agent does not trust.
 */
final class ZypperXml {

    // Parse problems become the IOException below instead of the JDK's default print to stderr.
    private static final ErrorHandler FAIL_ON_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private ZypperXml() {
    }

    /**
     * The {@code <update-status>} element of a list-updates or list-patches stream.
     *
     * @throws IOException when the stream is not well-formed, carries an error message (its lists may
     *                     then be incomplete) or has no update status
     */
    static Element updateStatus(String xml) throws IOException {
        Element stream = parse(xml).getDocumentElement();
        if (!stream.getTagName().equals("stream")) {
            throw new IOException("zypper XML output is not a <stream> but <" + stream.getTagName() + ">");
        }
        for (Element message : elements(stream, "message")) {
            if (message.getAttribute("type").equals("error")) {
                throw new IOException("zypper reported an error: " + message.getTextContent().strip());
            }
        }
        List<Element> status = elements(stream, "update-status");
        if (status.size() != 1) {
            throw new IOException("zypper XML output has " + status.size() + " <update-status> elements");
        }
        return status.get(0);
    }

    /** The descendants of {@code parent} named {@code tag}, in document order. */
    static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static Document parse(String xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable zypper XML output: " + e.getMessage(), e);
        }
    }
}
