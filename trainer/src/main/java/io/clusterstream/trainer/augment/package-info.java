/**
 * Training-time augmentation and batch preparation, in plain Java over float arrays (no engine dependency).
 *
 * <p>{@link io.clusterstream.trainer.augment.AugmentationPolicy} describes a view (presets per method),
 * {@link io.clusterstream.trainer.augment.Augmenter} makes one view into a CHW slice, and
 * {@link io.clusterstream.trainer.augment.BatchPipeline} prepares shuffled multi-view batches ahead on worker threads.
 * Ops follow torchvision's semantics on float tensors; every view is a function of (seed, epoch, image index, view).
 */
package io.clusterstream.trainer.augment;
