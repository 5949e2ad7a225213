/**
 * `cinelayer/testing`: what a project that uses cinelayer needs in its own tests.
 * {@link createTestEngine} gives an engine on a temporary data folder of its own with the replay
 * data, so that parallel test files never collide and nothing reaches the network. For tests at
 * the HTTP boundary, `@cinelayer/providers/msw` answers the real URLs from the same recordings.
 * @module testing
 * @packageDocumentation
 */
export { type TestEngine, type TestEngineOptions, createTestEngine } from '../test-engine.js'
