package org.fatecg.backend.cuda;

/**
 * No usable CUDA device: no driver, no GPU, a missing library (cuBLAS 12), no kernel image, or kernels
 * the driver cannot load. The message is one line, fit for a notice; the cause keeps the detail.
 */
public final class CudaUnavailableException extends Exception {
    public CudaUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The first informative line of a (possibly multi-line) native-loading error. */
    static String oneLine(Throwable t) {
        String msg = String.valueOf(t.getMessage());
        for (String line : msg.split("\n")) {
            int at = line.indexOf("cannot open shared object file");
            if (at >= 0) {
                // "... /tmp/libJCudaDriver-...so: libcuda.so.1: cannot open shared object file: ..."
                String head = line.substring(0, at).replaceAll(":\\s*$", "");
                int colon = head.lastIndexOf(": ");
                return (colon >= 0 ? head.substring(colon + 2) : head).trim() + " not found";
            }
        }
        String first = msg.split("\n", 2)[0].trim();
        return t.getClass().getSimpleName() + (first.isEmpty() || first.equals("null") ? "" : ": " + first);
    }
}
