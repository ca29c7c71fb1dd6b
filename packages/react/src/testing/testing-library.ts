/**
 * `waitFor` gives up after 1 s by default: a busy machine can take longer to
 * answer from a real engine app. Ten seconds bounds a wait; it asserts nothing
 * about speed. Imported lazily, once a document exists.
 */
export async function configureTestingLibrary(): Promise<void> {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 10_000 });
}
