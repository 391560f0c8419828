package org.migspec.impl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The guest image is a valid multiboot a.out-kludge header followed by code whose jumps land where they should. */
class GuestKernelTest {
    @Test
    void multibootHeader() {
        ByteBuffer b = ByteBuffer.wrap(new GuestKernel(2048, 200_000).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        int flags = b.getInt(4);
        assertEquals(0x1BADB002, magic);
        assertEquals(1 << 16, flags, "a.out kludge: the load addresses are in the header");
        assertEquals(0, magic + flags + b.getInt(8), "checksum");
        assertEquals(GuestKernel.LOAD_ADDR, b.getInt(12), "header_addr");
        assertEquals(GuestKernel.LOAD_ADDR + 32, b.getInt(28), "entry right after the header");
    }

    @Test
    void loopJumpsBackToTheCounterIncrement() {
        byte[] img = new GuestKernel(16, 1).bytes();
        // the image ends with "jmp rel8" back to "inc dword [esi]" (FF 06) right after "mov esi, imm32"
        assertEquals((byte) 0xEB, img[img.length - 2]);
        int target = img.length + img[img.length - 1];
        assertEquals(32 + 5, target, "the loop starts after mov esi, COUNTER");
        assertEquals((byte) 0xFF, img[target]);
        assertEquals((byte) 0x06, img[target + 1]);
    }

    @Test
    void noDirtyPagesMeansNoInnerLoop() {
        assertTrue(new GuestKernel(0, 1).bytes().length < new GuestKernel(1, 1).bytes().length);
    }

    @Test
    void dirtySetStaysInsideTheGuestsRam() {
        assertEquals(GuestKernel.MAX_DIRTY_PAGES, new GuestKernel(1 << 20, 1).dirtyPages());
        assertTrue(GuestKernel.REGION_ADDR + (long) GuestKernel.MAX_DIRTY_PAGES * 4096 <= 64L << 20);
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GuestKernel(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GuestKernel(1, 0));
    }
}
