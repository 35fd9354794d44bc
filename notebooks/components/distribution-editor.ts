/** The distribution editor; its parts live in distribution-editor/ (index.ts composes them). */
export { distributionEditor, renormalise, type DistributionEditor, type EditorOptions } from './distribution-editor/index.ts';
