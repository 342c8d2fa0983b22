package cloud.patchmon.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSizeLimitFilterTest {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(100, new ObjectMapper());

    /** A chunked request: no declared length, so the limit must be enforced while reading. */
    private static MockHttpServletRequest chunked(int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/hosts/update") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(new byte[bytes]);
        return request;
    }

    @Test
    void refusesADeclaredOversizeBodyBeforeReadingIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/x");
        request.setContent(new byte[101]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).isEqualTo("{\"error\":\"Request entity too large\"}");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void stopsReadingAChunkedBodyAtTheLimit() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        filter.doFilter(chunked(150), new MockHttpServletResponse(), (req, res) -> {
            try (InputStream in = req.getInputStream()) {
                in.readAllBytes();
            } catch (PayloadTooLargeException e) {
                failure.set(e);
            }
        });

        assertThat(failure.get()).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void letsBodiesAtTheLimitThrough() throws Exception {
        AtomicReference<Integer> read = new AtomicReference<>();
        filter.doFilter(chunked(100), new MockHttpServletResponse(), (req, res) -> read.set(req.getInputStream().readAllBytes().length));

        assertThat(read.get()).isEqualTo(100);
    }

    @Test
    void theLimitAppliesToSingleByteReadsToo() throws Exception {
        filter.doFilter(chunked(101), new MockHttpServletResponse(), (req, res) -> {
            InputStream in = req.getInputStream();
            for (int i = 0; i < 100; i++) {
                assertThat(in.read()).isZero();
            }
            assertThatThrownBy(in::read).isInstanceOf(PayloadTooLargeException.class);
        });
    }
}
