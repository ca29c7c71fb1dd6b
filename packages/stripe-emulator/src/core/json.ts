/**
 * A JSON body as Stripe's API writes it: indented by two spaces, one member per line, ending with
 * a newline, so scripts that read Stripe's output (line by line, `"id": "cus_..."`) read the
 * emulator's the same way.
 */
export function stripeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
