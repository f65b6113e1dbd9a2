export declare const electronRuntime: () => { binary?: string; missing?: string };
