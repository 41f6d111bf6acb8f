/** A workflow with nothing in it but its answer: for tests of how a worker connects, not of what it runs. */
export async function greeting(name: string): Promise<string> {
  return `hello ${name}`;
}
