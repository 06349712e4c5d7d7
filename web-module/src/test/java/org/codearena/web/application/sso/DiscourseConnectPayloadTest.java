package org.codearena.web.application.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against the example Discourse publishes for DiscourseConnect (meta.discourse.org, "DiscourseConnect - Official Single-Sign-On"). */
class DiscourseConnectPayloadTest {

    private static final String SECRET = "d836444a9e4084d5b224a60c208dce14";
    /** Discourse's request: Base64 with Ruby's line break at the end, as its example shows */
    private static final String REQUEST = "bm9uY2U9Y2I2ODI1MWVlZmI1MjExZTU4YzAwZmYxMzk1ZjBjMGI=\n";
    private static final String REQUEST_SIG = "2828aa29899722b35a2f191d34ef9b3ce695e0e6eeec47deb46d588d70c7cb56";

    @Test
    void readsAndChecksDiscoursesPublishedRequest() {
        assertEquals(REQUEST_SIG, DiscourseConnectPayload.sign(REQUEST, SECRET));
        assertTrue(DiscourseConnectPayload.signedBy(REQUEST, REQUEST_SIG, SECRET));
        assertTrue(DiscourseConnectPayload.signedBy(REQUEST, REQUEST_SIG.toUpperCase(), SECRET));
        assertEquals(Map.of("nonce", "cb68251eefb5211e58c00ff1395f0c0b"), DiscourseConnectPayload.decode(REQUEST));
    }

    @Test
    void aWrongSignatureOrSecretIsRefused() {
        assertFalse(DiscourseConnectPayload.signedBy(REQUEST, REQUEST_SIG.replace('2', '3'), SECRET));
        assertFalse(DiscourseConnectPayload.signedBy(REQUEST, REQUEST_SIG, "another secret"));
        assertFalse(DiscourseConnectPayload.signedBy(REQUEST.strip(), REQUEST_SIG, SECRET));
        assertFalse(DiscourseConnectPayload.signedBy(REQUEST, null, SECRET));
    }

    @Test
    void writesTheAnswerAsDiscoursesExampleDoes() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("nonce", "cb68251eefb5211e58c00ff1395f0c0b");
        fields.put("name", "sam");
        fields.put("username", "samsam");
        fields.put("email", "test@test.com");
        fields.put("external_id", "hello123");
        fields.put("require_activation", "true");
        String payload = DiscourseConnectPayload.encode(fields);
        assertEquals("bm9uY2U9Y2I2ODI1MWVlZmI1MjExZTU4YzAwZmYxMzk1ZjBjMGImbmFtZT1zYW0mdXNlcm5hbWU9c2Ftc2FtJmVtYWlsPXRlc3Ql"
                + "NDB0ZXN0LmNvbSZleHRlcm5hbF9pZD1oZWxsbzEyMyZyZXF1aXJlX2FjdGl2YXRpb249dHJ1ZQ==", payload);
        assertEquals("3d7e5ac755a87ae3ccf90272644ed2207984db03cf020377c8b92ff51be3abc3",
                DiscourseConnectPayload.sign(payload, SECRET));
        assertEquals(fields, DiscourseConnectPayload.decode(payload));
        assertTrue(DiscourseConnectPayload.query(fields, SECRET).startsWith("sso=bm9uY2U9Y2I2"));
        assertTrue(DiscourseConnectPayload.query(fields, SECRET).contains("%3D%3D&sig=3d7e5ac7"));
    }

    @Test
    void anythingButBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DiscourseConnectPayload.decode("nonce=1&x=<script>"));
        assertThrows(IllegalArgumentException.class, () -> DiscourseConnectPayload.decode(null));
    }
}
