package org.migspec.impl.wire;

/** Constants of the main-stream format (savevm.h, ram.c), and the caps that bound every length. */
public final class StreamFormat {
    private StreamFormat() {
    }

    public static final int QEMU_VM_FILE_MAGIC = 0x5145564d;
    public static final int QEMU_VM_FILE_VERSION = 0x00000003;

    public static final int QEMU_VM_EOF = 0x00;
    public static final int QEMU_VM_SECTION_START = 0x01;
    public static final int QEMU_VM_SECTION_PART = 0x02;
    public static final int QEMU_VM_SECTION_END = 0x03;
    public static final int QEMU_VM_SECTION_FULL = 0x04;
    public static final int QEMU_VM_COMMAND = 0x08;
    public static final int QEMU_VM_SECTION_FOOTER = 0x7e;

    /** QEMU_VM_PING_PACKAGED_LOADED (savevm.h:32). */
    public static final int PING_PACKAGED_LOADED = 0x42;

    /** MAX_VM_CMD_PACKAGED_SIZE (savevm.c): "Unreasonably large packaged state". */
    public static final int MAX_PACKAGED_SIZE = 1 << 24;

    /** Section ids: "ram" (iterable) and "device" (the non-iterable device-state blob). */
    public static final int SECTION_RAM = 1;
    public static final int SECTION_DEVICE = 2;
    public static final String RAM_IDSTR = "ram";
    public static final String DEVICE_IDSTR = "device";
    public static final String RAMBLOCK = "pc.ram";

    /** ram.c RAM_SAVE_FLAG_*. */
    public static final long RAM_SAVE_FLAG_MEM_SIZE = 0x04;
    public static final long RAM_SAVE_FLAG_PAGE = 0x08;
    public static final long RAM_SAVE_FLAG_EOS = 0x10;

    /** Cap on a device-state blob. */
    public static final int MAX_DEVICE_STATE = 1 << 20;

    /** RAMBLOCK_RECV_BITMAP_ENDING (ram.c). */
    public static final long RECV_BITMAP_ENDING = 0x0123456789abcdefL;

    /** MAX_DISCARDS_PER_COMMAND (migration/ram.c). */
    public static final int MAX_DISCARDS_PER_COMMAND = 12;

    public static final int EINVAL = 22;
    public static final int EIO = 5;
    public static final int ERANGE = 34;
}
