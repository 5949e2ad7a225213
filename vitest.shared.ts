import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineProject, type UserWorkspaceConfig } from 'vitest/config'

/** The export condition that points workspace packages at their TypeScript sources. */
export const sourceCondition = '@cinelayer/source'

/**
 * One vitest project per package, resolving sibling packages from `src` (no build needed).
 */
export function cinelayerProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      setupFiles: [fileURLToPath(new URL('./test-support/no-network.ts', import.meta.url))],
      ...extra,
    },
  })
}
