import react from '@vitejs/plugin-react';
import { workbenchApp } from '@wb/vite-plugin';
import { defineConfig } from 'vite';

// `vite build`: the platform's shared modules stay external (React, antd, @wb/sdk, … served once by the
// workbench), everything else is bundled, imports and versions are checked as the app store checks them at
// upload, and dist/manifest.json is written. To build against your workbench's current platform instead of the
// one the plugin was packed with: save GET /api/registry/platform as platform.json and pass { platform: 'platform.json' }.
export default defineConfig({
  plugins: [react(), workbenchApp()],
});
