import { cinelayerProject } from '../../vitest.shared.js'

export default cinelayerProject('server')
