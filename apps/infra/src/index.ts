/** Public entry point of @catfinder/infra: the stack, its constructs and the bundler. */
export { CatFinderStack, type CatFinderStackProps } from './stack';
export { ChannelPipeline, REKOGNITION_ACTIONS, type ChannelPipelineProps } from './constructs/channel-pipeline';
export { CatFinderFunction, type BucketAccess, type CatFinderFunctionProps } from './constructs/catfinder-function';
export { DataTables, type DataTablesProps } from './constructs/data-tables';
export { MediaSite, type MediaSiteProps } from './constructs/media-site';
export { bundleHandler, BUNDLE_FILE, type BundleHandlerOptions, type BundleResult } from './bundling/bundle-handler';
export { verifyBundle, type BundleCheck } from './bundling/verify-bundle';
export { esbuildHandlerCode, type HandlerCode, type EsbuildHandlerCodeOptions } from './bundling/handler-code';
export { ffmpegLayerDir } from './bundling/ffmpeg-layer-dir';
export { CHANNEL_FIELDS, CONFIG_FIELDS, loadConfigFile, parseConfig } from './config/load-config';
export { checkHandlerConfig } from './config/handler-config';
export { channelEnvironments, withDeployTimeStandIns, type ChannelEnvironments } from './config/function-environment';
export { readStackName } from './config/stack-name';
export type { CatFinderConfig, ChannelConfig, Detector } from './config/types';
export * from './errors';
