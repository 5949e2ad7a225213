/**
 * The unstorage types that cinelayer's public API names, copied from unstorage 1.17.6
 * (`dist/shared/unstorage.*.d.mts`, MIT, Copyright (c) Pooya Parsa <pooya@pi0.io>) so that our
 * declarations do not import `unstorage`: its index declarations import every driver's (Azure,
 * Cloudflare, Vercel…), whose modules a consumer does not have, and a consumer compiling with
 * `skipLibCheck: false` got dozens of errors from them. Structurally the same types, so an
 * instance from the consumer's own `createStorage()` is accepted as is.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A value unstorage stores. */
export type StorageValue = null | string | number | boolean | object
/** What a watch callback is told. */
export type WatchEvent = 'update' | 'remove'
/** A watch callback. */
export type WatchCallback = (event: WatchEvent, key: string) => any
type MaybePromise<T> = T | Promise<T>
type MaybeDefined<T> = T extends any ? T : any
/** Stops a watch. */
export type Unwatch = () => MaybePromise<void>
/** Metadata of a stored item. */
export interface StorageMeta {
  atime?: Date
  mtime?: Date
  ttl?: number
  [key: string]: StorageValue | Date | undefined
}
/** Options passed through to a driver. */
export type TransactionOptions = Record<string, any>
/** Options of `getKeys`. */
export type GetKeysOptions = TransactionOptions & { maxDepth?: number }
/** What a driver supports natively. */
export interface DriverFlags {
  maxDepth?: boolean
  ttl?: boolean
}
/** An unstorage driver. */
export interface Driver<OptionsT = any, InstanceT = any> {
  name?: string
  flags?: DriverFlags
  options?: OptionsT
  getInstance?: () => InstanceT
  hasItem: (key: string, opts: TransactionOptions) => MaybePromise<boolean>
  getItem: (key: string, opts?: TransactionOptions) => MaybePromise<StorageValue>
  getItems?: (items: { key: string; options?: TransactionOptions }[], commonOptions?: TransactionOptions) => MaybePromise<{ key: string; value: StorageValue }[]>
  getItemRaw?: (key: string, opts: TransactionOptions) => MaybePromise<unknown>
  setItem?: (key: string, value: string, opts: TransactionOptions) => MaybePromise<void>
  setItems?: (items: { key: string; value: string; options?: TransactionOptions }[], commonOptions?: TransactionOptions) => MaybePromise<void>
  setItemRaw?: (key: string, value: any, opts: TransactionOptions) => MaybePromise<void>
  removeItem?: (key: string, opts: TransactionOptions) => MaybePromise<void>
  getMeta?: (key: string, opts: TransactionOptions) => MaybePromise<StorageMeta | null>
  getKeys: (base: string, opts: GetKeysOptions) => MaybePromise<string[]>
  clear?: (base: string, opts: TransactionOptions) => MaybePromise<void>
  dispose?: () => MaybePromise<void>
  watch?: (callback: WatchCallback) => MaybePromise<Unwatch>
}
type StorageDefinition = { items: unknown; [key: string]: unknown }
type StorageItemMap<T> = T extends StorageDefinition ? T['items'] : T
type StorageItemType<T, K> = K extends keyof StorageItemMap<T> ? StorageItemMap<T>[K] : T extends StorageDefinition ? StorageValue : T

/** An unstorage instance (`createStorage()` of unstorage 1.x), whatever values it is typed for. */
export interface Storage<T extends StorageValue = any> {
  hasItem<U extends Extract<T, StorageDefinition>, K extends keyof StorageItemMap<U>>(key: K, opts?: TransactionOptions): Promise<boolean>
  hasItem(key: string, opts?: TransactionOptions): Promise<boolean>
  getItem<U extends Extract<T, StorageDefinition>, K extends string & keyof StorageItemMap<U>>(key: K, ops?: TransactionOptions): Promise<StorageItemType<T, K> | null>
  getItem<R = StorageItemType<T, string>>(key: string, opts?: TransactionOptions): Promise<R | null>
  getItems: <U extends T>(items: (string | { key: string; options?: TransactionOptions })[], commonOptions?: TransactionOptions) => Promise<{ key: string; value: U }[]>
  getItemRaw: <T = any>(key: string, opts?: TransactionOptions) => Promise<MaybeDefined<T> | null>
  setItem<U extends Extract<T, StorageDefinition>, K extends keyof StorageItemMap<U>>(key: K, value: StorageItemType<T, K>, opts?: TransactionOptions): Promise<void>
  setItem<U extends T>(key: string, value: U, opts?: TransactionOptions): Promise<void>
  setItems: <U extends T>(items: { key: string; value: U; options?: TransactionOptions }[], commonOptions?: TransactionOptions) => Promise<void>
  setItemRaw: <T = any>(key: string, value: MaybeDefined<T>, opts?: TransactionOptions) => Promise<void>
  removeItem<U extends Extract<T, StorageDefinition>, K extends keyof StorageItemMap<U>>(key: K, opts?: (TransactionOptions & { removeMeta?: boolean }) | boolean): Promise<void>
  removeItem(key: string, opts?: (TransactionOptions & { removeMeta?: boolean }) | boolean): Promise<void>
  getMeta: (key: string, opts?: (TransactionOptions & { nativeOnly?: boolean }) | boolean) => MaybePromise<StorageMeta>
  setMeta: (key: string, value: StorageMeta, opts?: TransactionOptions) => Promise<void>
  removeMeta: (key: string, opts?: TransactionOptions) => Promise<void>
  getKeys: (base?: string, opts?: GetKeysOptions) => Promise<string[]>
  clear: (base?: string, opts?: TransactionOptions) => Promise<void>
  dispose: () => Promise<void>
  watch: (callback: WatchCallback) => Promise<Unwatch>
  unwatch: () => Promise<void>
  mount: (base: string, driver: Driver) => Storage
  unmount: (base: string, dispose?: boolean) => Promise<void>
  getMount: (key?: string) => { base: string; driver: Driver }
  getMounts: (base?: string, options?: { parents?: boolean }) => { base: string; driver: Driver }[]
  keys: Storage['getKeys']
  get: Storage<T>['getItem']
  set: Storage<T>['setItem']
  has: Storage<T>['hasItem']
  del: Storage<T>['removeItem']
  remove: Storage<T>['removeItem']
}
