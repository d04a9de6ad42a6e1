package dev.cachewarden.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The XML of every answer: structure, omitted nulls, empty lists, and escaping that any parser reads back. */
class XmlWriterTest {

    @Test
    void writesNestedElementsUnderANamespace() {
        String xml = new XmlWriter().startWithNamespace("CreateUserResponse", "http://example/doc/")
                .start("CreateUserResult").element("UserId", "alice").element("Count", 3).end()
                .start("ResponseMetadata").element("RequestId", "r-1").end().end().toXml();
        assertThat(xml).isEqualTo("<CreateUserResponse xmlns=\"http://example/doc/\"><CreateUserResult>"
                + "<UserId>alice</UserId><Count>3</Count></CreateUserResult><ResponseMetadata>"
                + "<RequestId>r-1</RequestId></ResponseMetadata></CreateUserResponse>");
    }

    @Test
    void aNullValueWritesNothingAndAnEmptyStringAnEmptyElement() {
        assertThat(new XmlWriter().start("R").element("Marker", null).element("Name", "").end().toXml())
                .isEqualTo("<R><Name></Name></R>");
    }

    @Test
    void memberListsAndTheEmptyOne() {
        assertThat(new XmlWriter().memberList("UserIds", List.of("a", "b")).toXml())
                .isEqualTo("<UserIds><member>a</member><member>b</member></UserIds>");
        assertThat(new XmlWriter().memberList("UserIds", List.of()).toXml()).isEqualTo("<UserIds/>");
    }

    @Test
    void escapesMarkupAndQuotes() {
        assertThat(new XmlWriter().element("A", "<b>&\"'</b>").toXml())
                .isEqualTo("<A>&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;</A>");
        assertThat(new XmlWriter().startWithNamespace("R", "urn:a&b\"c").end().toXml())
                .isEqualTo("<R xmlns=\"urn:a&amp;b&quot;c\"></R>");
    }

    @Test
    void whatXmlCannotHoldBecomesTheReplacementCharacter() {
        assertThat(new XmlWriter().element("A", "x\u0000y\u0007z\uFFFE\uFFFF").toXml())
                .isEqualTo("<A>x&#xFFFD;y&#xFFFD;z&#xFFFD;&#xFFFD;</A>");
    }

    @Test
    void aParserReadsBackExactlyWhatWasWritten() throws Exception {
        String text = "line1\nline2\r\n\ttab <&> \"q\" 'a' é 漢字 \uD83D\uDE00 ~* +@all";
        String xml = new XmlWriter().start("Root").element("Text", text).end().toXml();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        // \r survives only because it is written as a character reference; a raw one would become \n.
        assertThat(doc.getElementsByTagName("Text").item(0).getTextContent()).isEqualTo(text);
    }

    @Test
    void unclosedElementsAreAProgrammingError() {
        XmlWriter w = new XmlWriter().start("A").start("B").end();
        assertThatThrownBy(w::toXml).isInstanceOf(IllegalStateException.class).hasMessageContaining("[A]");
    }

    @Test
    void theBytesAreWhatJavasOwnUtf8EncoderGives() {
        // Two-, three- and four-byte characters, and a lone surrogate, which String.getBytes writes as '?'.
        String text = "é 漢字 \uD83D\uDE00 lone \uD800 end \uDC00";
        byte[] bytes = new XmlWriter().start("T").element("V", text).end().toUtf8();
        assertThat(bytes).isEqualTo(("<T><V>" + text + "</V></T>").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFragmentIsCopiedAsItIsAndTheWriterGrowsAroundIt() {
        XmlWriter page = new XmlWriter().start("Users");
        for (int i = 0; i < 500; i++) {
            page.element("member", "user-" + i);
        }
        byte[] fragment = page.end().toUtf8();
        assertThat(fragment.length).isGreaterThan(10_000);
        XmlWriter answer = new XmlWriter().start("R").fragment(fragment).element("Marker", "m").end();
        String expected = "<R>" + new String(fragment, StandardCharsets.UTF_8) + "<Marker>m</Marker></R>";
        assertThat(answer.toXml()).isEqualTo(expected);
        java.nio.ByteBuffer body = answer.body();
        byte[] sent = new byte[body.remaining()];
        body.get(sent);
        assertThat(sent).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
}
