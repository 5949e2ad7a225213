import { packageBuild } from '../../tsup.shared.js'

// The CJS build needs import.meta.url shimmed: the lab page is read from ../public beside dist/.
export default packageBuild({ shims: true })
