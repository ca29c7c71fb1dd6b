/** The note a page shows when Checkout sent the customer back with `?canceled=1`. */
export function CheckoutCanceled({ canceled }: { canceled: string | undefined }) {
  if (!canceled) return null;
  return (
    <p role="status" className="note">
      Checkout canceled: nothing was charged.
    </p>
  );
}
