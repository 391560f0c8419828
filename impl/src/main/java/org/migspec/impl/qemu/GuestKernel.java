package org.migspec.impl.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest that real QEMU runs: a multiboot (v1) kernel of a few dozen bytes, written here, that
 * QEMU boots with {@code -kernel}. It needs no firmware, disk or console: QEMU's multiboot loader
 * enters it in 32-bit protected mode with paging off, and it loops forever:
 * <pre>
 *   counter++                       (one 32-bit word at {@link #COUNTER_ADDR})
 *   for each of the dirty pages:    write the counter into the page's first word
 *   spin DELAY times
 * </pre>
 * So RAM really gets dirtied (precopy must resend the pages, postcopy must fault them in), and the
 * counter says whether a side runs the guest (it advances) and whether it runs the latest state
 * (the destination's counter continues from the source's, never below it). The harness reads the
 * counter with HMP {@code xp}, which every QEMU version has.
 *
 * <p>The a.out kludge (multiboot header flag 16) gives the load addresses in the header, so the
 * image is the flat code itself, no ELF.
 */
public final class GuestKernel {
    /** Where QEMU loads the image (the multiboot convention: 1 MiB). */
    public static final int LOAD_ADDR = 0x100000;
    /** The counter: below the dirtied region, above the loader's multiboot info. */
    public static final int COUNTER_ADDR = 0x1ff000;
    /** The first dirtied page. */
    public static final int REGION_ADDR = 0x200000;
    /** 56 MiB of 64: the dirty set never reaches past the guest's RAM. */
    public static final int MAX_DIRTY_PAGES = 14336;

    private static final int MB_MAGIC = 0x1BADB002;
    private static final int MB_FLAG_AOUT_KLUDGE = 1 << 16;
    private static final int HEADER_SIZE = 32;

    private final int dirtyPages;
    private final int delay;

    /**
     * @param dirtyPages pages written per loop (0: only the counter changes; capped at {@link #MAX_DIRTY_PAGES})
     * @param delay      spin iterations per loop (at least 1); under TCG about a nanosecond each
     */
    public GuestKernel(int dirtyPages, int delay) {
        if (dirtyPages < 0 || delay < 1) {
            throw new IllegalArgumentException("dirty pages must be >= 0 and delay >= 1");
        }
        this.dirtyPages = Math.min(dirtyPages, MAX_DIRTY_PAGES);
        this.delay = delay;
    }

    public int dirtyPages() {
        return dirtyPages;
    }

    public int delay() {
        return delay;
    }

    /** The image's bytes: the multiboot header, then the code. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + 64).order(ByteOrder.LITTLE_ENDIAN);
        int entry = LOAD_ADDR + HEADER_SIZE;
        b.putInt(MB_MAGIC);
        b.putInt(MB_FLAG_AOUT_KLUDGE);
        b.putInt(-(MB_MAGIC + MB_FLAG_AOUT_KLUDGE));
        b.putInt(LOAD_ADDR);   // header_addr: the header is the image's first byte
        b.putInt(LOAD_ADDR);   // load_addr
        b.putInt(0);           // load_end_addr: the whole file
        b.putInt(0);           // bss_end_addr: no bss
        b.putInt(entry);       // entry_addr: the code right after the header
        // mov esi, COUNTER_ADDR
        b.put((byte) 0xBE).putInt(COUNTER_ADDR);
        int loop = b.position();
        // inc dword [esi]; mov eax, [esi]
        b.put((byte) 0xFF).put((byte) 0x06);
        b.put((byte) 0x8B).put((byte) 0x06);
        if (dirtyPages > 0) {
            // mov edi, REGION_ADDR; mov ecx, dirtyPages
            b.put((byte) 0xBF).putInt(REGION_ADDR);
            b.put((byte) 0xB9).putInt(dirtyPages);
            int inner = b.position();
            // mov [edi], eax; add edi, 4096; dec ecx; jnz inner
            b.put((byte) 0x89).put((byte) 0x07);
            b.put((byte) 0x81).put((byte) 0xC7).putInt(4096);
            b.put((byte) 0x49);
            b.put((byte) 0x75).put(rel8(inner, b.position() + 1));
        }
        // mov ecx, delay; spin: dec ecx; jnz spin
        b.put((byte) 0xB9).putInt(delay);
        int spin = b.position();
        b.put((byte) 0x49);
        b.put((byte) 0x75).put(rel8(spin, b.position() + 1));
        // jmp loop
        b.put((byte) 0xEB).put(rel8(loop, b.position() + 1));
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    /** A short jump's displacement from the end of the jump instruction ({@code next}) to {@code target}. */
    private static byte rel8(int target, int next) {
        int d = target - next;
        if (d < -128 || d > 127) {
            throw new IllegalStateException("jump out of rel8 range: " + d);
        }
        return (byte) d;
    }

    /** Writes the image; the file name says its parameters, as the recordings name it. */
    public Path write(Path dir) throws IOException {
        Path f = dir.resolve("guest-" + dirtyPages + "-" + delay + ".bin");
        Files.write(f, bytes());
        return f;
    }
}
