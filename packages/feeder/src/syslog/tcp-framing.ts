/**
 * Syslog over TCP (RFC 6587): each frame is either octet-counted (`<length> <message>`, RFC 5425
 * style) or ends with a line feed (non-transparent framing). A sender may mix them; a frame longer
 * than the limit ends the connection.
 */
export class TcpFramer {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxBytes: number,
    private readonly onMessage: (text: string) => void,
  ) {}

  /** Adds received bytes; false when the stream must be closed (a frame beyond the limit). */
  push(chunk: Buffer): boolean {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const counted = /^(\d{1,7}) /.exec(this.buffer.subarray(0, 8).toString('latin1'));
      if (counted) {
        const length = Number(counted[1]);
        if (length > this.maxBytes) return false;
        const start = counted[0].length;
        if (this.buffer.length < start + length) return true;
        this.onMessage(this.buffer.subarray(start, start + length).toString('utf8'));
        this.buffer = this.buffer.subarray(start + length);
        continue;
      }
      const end = this.buffer.indexOf(0x0a);
      if (end < 0) return this.buffer.length <= this.maxBytes;
      this.onMessage(this.buffer.subarray(0, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 1);
    }
  }

  /** The connection ended: a last message without its line feed still counts. */
  end(): void {
    if (this.buffer.length > 0) this.onMessage(this.buffer.toString('utf8'));
    this.buffer = Buffer.alloc(0);
  }
}
