import { createApp } from '../src/app.ts';

createApp().synth();
