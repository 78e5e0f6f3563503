package org.fatecg.backend.cuda;

/** A block of device memory holding {@link #floats()} floats, made by one {@link Device}. */
interface DeviceBuffer {
    int floats();
}
