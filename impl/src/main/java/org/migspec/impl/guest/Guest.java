package org.migspec.impl.guest;

/**
 * The guest as the migration code reaches it: RAM, device state, the vCPU, the run state and the
 * block layer. In QEMU these are globals (ram_list, the device models, first_cpu, runstate, the
 * block graph); here one process owns one of each and hands this record to the source and the
 * destination, which use only these parts of the process.
 */
public record Guest(GuestRam ram, DeviceState dev, Vcpu vcpu, VmRunState runState, BlockDevices block) {
}
