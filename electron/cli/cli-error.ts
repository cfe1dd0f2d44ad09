/** A CLI failure with the exit code the spec asks for (2: invalid input; 1: could not do it). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}
