package org.codearena.web.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.codearena.web.application.PayloadTooLargeException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies over the limit with 413, whether the client declares their length or streams them; problem
 * package uploads have a larger limit of their own (a package carries its tests).
 */
@Provider
@PreMatching
public class BodySizeLimitFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "codearena.api.max.body.bytes", defaultValue = "10485760")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "codearena.packages.max.body.bytes", defaultValue = "67108864")
    long maxPackageBytes;

    /** a proctoring snapshot (anyone may send one, its key is checked after the body is read) */
    @Inject
    @ConfigProperty(name = "codearena.proctoring.snapshot.max.bytes", defaultValue = "262144")
    long maxSnapshotBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath().replaceFirst("^/", "");
        boolean snapshot = path.startsWith("v1/proctoring/");
        long limit = path.startsWith("v1/task-packages") ? maxPackageBytes : snapshot ? maxSnapshotBytes : maxBodyBytes;
        if (request.getLength() > limit) {
            throw snapshot ? new PayloadTooLargeException(limit, "send a smaller JPEG (about 320x240 at quality 0.6 "
                    + "is 5 to 20 kB)") : new PayloadTooLargeException(limit);
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    private static final class LimitedInputStream extends FilterInputStream {

        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
