/** Test helpers of @catfinder/media (`@catfinder/media/testing`): never imported by production code. */
export { withCutFault, type CutFault } from '../clip/faults';
