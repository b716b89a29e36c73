/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackIp(ip: string): boolean;
/** Patches dns, net and dgram in this process; `record(destination)` hears of every refusal. */
export function installLoopbackGuard(record: (destination: string) => void): void;
