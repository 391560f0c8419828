package org.migspec.impl.wire;

import java.net.InetSocketAddress;
import org.migspec.impl.common.QmpError;

/** migrate_uri_parse / socket_parse for the one transport this model has: {@code tcp:HOST:PORT}. */
public final class MigrationUri {
    private MigrationUri() {
    }

    /** The address of {@code migrate} and {@code migrate-incoming}/{@code migrate-recover}. */
    public static InetSocketAddress parse(String uri) throws QmpError {
        if (uri == null || !uri.startsWith("tcp:")) {
            throw QmpError.generic("Invalid URI '" + uri + "': only tcp:HOST:PORT is supported");
        }
        String rest = uri.substring(4);
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw QmpError.generic("Invalid URI '" + uri + "': missing port");
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(rest.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw QmpError.generic("Invalid URI '" + uri + "': bad port");
        }
    }
}
