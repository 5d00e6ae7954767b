package dev.pigment.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line of {@code pigment --version}: the jar's version, and the Java running it. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Pigment.class.getPackage().getImplementationVersion();
        return new String[] {"pigment " + (v == null ? "(development build)" : v) + ", Java "
                + System.getProperty("java.version")};
    }
}
