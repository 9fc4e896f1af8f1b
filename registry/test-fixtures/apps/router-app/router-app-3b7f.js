// fixture micro-app that leaves react-router-dom external although the platform does not share it (issue 11 item 2)
import React from 'react';
import { createBrowserRouter } from 'react-router-dom';
export async function bootstrap() {}
export async function mount(props) { props.domElement.textContent = String(typeof createBrowserRouter) + React.version; }
export async function unmount(props) { props.domElement.textContent = ''; }
