import { signIn } from '../actions.ts';

export default async function SignIn({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form action={signIn} className="stack">
        <label htmlFor="user">Your name</label>
        <input id="user" name="user" required pattern="[A-Za-z0-9_\-]{1,40}" autoComplete="username" aria-describedby={error ? 'signin-error' : undefined} />
        {error ? (
          <p id="signin-error" role="alert" className="tollgate-error">
            Use letters, digits, _ or - (up to 40).
          </p>
        ) : null}
        <button type="submit" className="tollgate-button">
          Sign in
        </button>
      </form>
    </section>
  );
}
