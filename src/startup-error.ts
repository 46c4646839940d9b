// An error whose message already tells the operator everything (which file, what is wrong, what to
// do): the entry point prints it as one line, without a stack trace, and exits non-zero. Errors of
// any other class are bugs and keep their stack.
export class StartupError extends Error {
  override name = 'StartupError';
}
