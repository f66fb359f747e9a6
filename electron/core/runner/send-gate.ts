// One run's gate on its POSTs. Once a POST proved 楽楽明細 unavailable (maintenance, a refused
// connection, 429), the run's remaining files are not sent into the same wall one by one: each is
// checked as usual and then parked as 再送待ち for the same moment, with the same reason, and the
// automatic resend takes them all together. Documents waiting for their customers are parked the
// same way (customers before documents).

export interface Parked {
  readonly until: Date;
  readonly reason: string;
}

export interface SendGate {
  /** null while POSTs may go. */
  readonly parked: Parked | null;
  /** From now on in this run, park instead of POSTing (the latest call wins). */
  park(until: Date, reason: string): void;
}

export function createSendGate(): SendGate {
  let parked: Parked | null = null;
  return {
    get parked() {
      return parked;
    },
    park(until, reason) {
      parked = { until, reason };
    },
  };
}
