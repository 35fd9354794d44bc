import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer } from '../../notebooks/training/tf-backend.ts';

describe('isSoftwareRenderer', () => {
  it('recognises the software rasterisers a GPU-less browser reports', () => {
    for (const name of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'Google SwiftShader',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
    ]) expect(isSoftwareRenderer(name), name).toBe(true);
  });
  it('accepts hardware GPUs', () => {
    for (const name of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Apple M1', 'Mali-G78', 'AMD Radeon Pro 5500M OpenGL Engine', 'Intel(R) Iris(TM) Plus Graphics 640']) {
      expect(isSoftwareRenderer(name), name).toBe(false);
    }
  });
});
