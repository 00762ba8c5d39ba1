/**
 * Lambda entry point. Placeholder until the handler issue lands: the infra stack bundles this
 * file, so its path and the `handler` export are the contract.
 */
export async function handler(): Promise<never> {
  throw new Error('handler not implemented yet');
}
